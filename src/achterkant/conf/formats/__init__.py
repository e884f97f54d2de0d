"""Date formats per kind, one place (``FORMAT_MODULE_PATH``): templates name them
(``|date:"DATE_FORMAT"``), ``desk.party_rows`` writes the same in Python."""
