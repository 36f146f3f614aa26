"""Reading and checking the plans: encodings, land-use codes, coordinate TXT files, data quality."""
