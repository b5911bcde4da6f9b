# "29 نوفمبر 2026": day, month name, year, in Western digits as most Arabic news sites print them.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i e"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
