"""Language analysis: the algorithms that turn a text into tokens and a `ParsedText`.

One module per concept (`tokens`, `dates`, `durations`, `numbers`, `entities`, `negation`,
`predicates`), the value types in `parsed`, the entry point in `parse`. The words and ranges they
match come from `engine.lang`.
"""
