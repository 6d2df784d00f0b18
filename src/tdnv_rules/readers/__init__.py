"""Readers of result documents: what a result is (classify), whether it answers its directive
(match), and what its attached PDF says (pdf). Readers describe; they never decide findings."""
