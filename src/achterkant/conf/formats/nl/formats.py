"""How the desk writes dates and times, one format per kind (Django's Dutch formats,
with a short form for due times):

* a date: ``DATE_FORMAT``, "25 januari 2027";
* a moment in a history that spans years: ``DATETIME_FORMAT``, "25 januari 2027 09:05";
* a due time or a recent moment in a work list: ``SHORT_DATETIME_FORMAT``, "30 nov 17:00".
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j b H:i"
