"""The 100-point city evaluation (考评): campaigns, self-assessment, evidence, review, results."""
