"""What other apps may follow in the inspections' life without the inspections knowing them.

`round_scorable` is sent inside the transaction that closes or publishes a round: from then on
its check results are frozen (no visit is open and none can start). The assessment counts them
into the year's tallies (chuangwen.assessment.tallies)."""

from django.dispatch import Signal

round_scorable = Signal()  # sender=Round, round_=the round
