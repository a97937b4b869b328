"""A synthetic corpus of conflict reporting with its gold (`kg synth`): articles assembled from the attribution
patterns of real reporting, with the agent registry's sources and the gazetteer's places, deterministic by seed.

- `vocabulary`: the data files of kg/data/synth/, the registry and the gazetteer, read and checked once;
- `template`: the `{slot}` templates those files are written in;
- `phrases`: figures, dates and places written with what they state;
- `generate`: incidents and the articles that report them, with each claim's gold;
- `output`: article records (JSONL, as `kg ingest` reads them) and gold folders (../shared/gold/FORMAT.md).
"""
