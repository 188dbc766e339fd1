"""The practice's change feed: every change to its episodes, in commit order."""
