"""Facts read from report and news texts (Chinese or English): quantities normalised,
indicators, organisations and regions recognised by rules and dictionaries (no model, no
network), proposed to a user who accepts, edits or rejects each one."""
