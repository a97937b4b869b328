"""The ontology, the SHACL shapes and the JSON-LD context; installed as the package data of
`kg.resources.ontology` (see pyproject.toml) and read through `kg.resources`."""
