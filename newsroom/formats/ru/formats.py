# "29 ноября 2026": the month in the genitive (E) after a day; "Ноябрь 2026" as a month heading.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i e"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y"
