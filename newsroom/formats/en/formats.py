# A full date, a dateline, a short date in lists, a month heading: 29 November 2026, 14:05 UTC.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i e"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
