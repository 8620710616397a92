/*!
Named-entity recognition as sequence labelling.

Does: tokenizes and sentence-splits English text, and tags token sequences with
IOB2 PER/ORG/LOC/MISC labels using a statistical model trained by this crate
(training code included; the trained model file ships with the project).

Does not: know about articles, canonical entities, dates or quotes (the `tag` stage
does), or download anything.
*/
