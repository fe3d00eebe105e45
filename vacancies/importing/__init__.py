"""Importing a ToR: its file read as text (``extract``), read into a draft (``parse``), saved (``drafts``)."""
