"""Model answers -> grounded contract records (pure: no backends, store, network or CLI).

``grounding`` finds quotes in the text, ``actors`` and ``places`` turn names into actors,
people and places, ``lexicon`` reads what a sentence states in so many words,
``instrument_names`` an instrument's name as its sentence words it, ``amounts`` the counts and
prices it gives, ``dates`` says when things happened (``news_dates`` what records take from the
article's news and from one another), ``build`` makes the records of one answer
(``agreements`` those of an agreements answer, ``meetings`` those of a meetings answer),
``merge`` joins the records that describe one thing.
"""
