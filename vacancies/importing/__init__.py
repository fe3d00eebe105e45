"""Importing a ToR: its file read as text (``extract``), the text read into a draft (``parse``), the draft saved (``drafts``)."""
