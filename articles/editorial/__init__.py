"""The desk's rules: who may do what (roles) and the history of an article."""
