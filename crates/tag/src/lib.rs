/*!
Tagging: finds who, what and where in an [`Article`].

Does: runs the NER model over the body, adds dates, money and percentages with
normalised values, joins mentions into canonical [`Entity`]s (short names to full
names, spelling and transliteration variants), links places to GeoNames and
demonyms to countries, applies the user's watch-list, and attributes quotations.

Does not: read files or the network (the caller passes the model, gazetteer and
watch-list), or write outputs.
*/

use newsmill_records::{Article, Entity};
