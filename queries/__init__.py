"""The named SPARQL queries (*.rq); installed as the package data of `kg.resources.queries`
(see pyproject.toml) and read through `kg.resources`."""
