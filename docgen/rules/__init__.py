"""Pure functions over the model: the ND30 formatting rules and Vietnamese text helpers."""
