"""Importing a ToR: from the file HR staff were sent to a draft vacancy."""
