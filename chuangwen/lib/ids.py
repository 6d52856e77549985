"""Primary keys that reveal nothing: random integers in 1..2**53-1.

A sequential id counts the rows made before it, of every kind: an inspected unit that sees the
rounds 12 and 14 infers a round 13 it was not shown (a covert round still secret). The models
whose rows a secret round creates (the round, its teams, sample, visits, results and photos)
take a random id instead. 2**53 keeps the number exact in JavaScript and in JSON parsers that
read numbers as doubles; at these volumes (millions of rows) a collision is about one in a
billion, and it cannot overwrite: Django saves a new instance whose primary key has a default
with an INSERT only (Model._save_table: "Skip an UPDATE when adding an instance and primary key
has a default"), so a duplicate raises IntegrityError. Ids say nothing about creation order:
order by a timestamp (created_at, started_at, uploaded_at) or a natural key instead.
"""

from __future__ import annotations

import secrets

MAX_ID = 2**53 - 1


def random_id() -> int:
    """A uniformly random id in 1..2**53-1."""
    return secrets.randbelow(MAX_ID) + 1
