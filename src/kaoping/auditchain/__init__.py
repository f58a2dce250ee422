"""The tamper-evident audit chain (docs/architecture.md "The audit chain"): every audit row of
every app is sealed, in one sequence, by an HMAC-SM3 over its content and the previous entry's
MAC; verified, anchored outside the database and archived by ``kaoping audit``."""
