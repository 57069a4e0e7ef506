"""Review by a second editor: an election marked checked against its sources, and the lists an editor
works from (recent changes, elections to review, deleted elections)."""
