"""The heavy-work limiter: one database-backed pool of slots for work that holds a worker
(PDFs, exports, bulk imports; later the background jobs), per user and in total."""
