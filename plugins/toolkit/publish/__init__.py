"""`invoke publish` and `invoke check`: the quality gate, compression and upload."""
