"""Campaigns, values with versions, audit log and explanations."""
