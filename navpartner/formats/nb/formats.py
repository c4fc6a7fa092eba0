# Norwegian Bokmål, as Språkrådet writes it: "18. desember 2026", "18.12.2026", and the
# time with a colon, "kl. 09:48" (the colon, not "09.48", everywhere: pages, PDFs, e-mail).
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = r"j. F Y \k\l. H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
