"""What may be published and how it reads: the publication model, disclosure control, the
breakdowns, the wording of targets and number formatting. Every published output reads it."""
