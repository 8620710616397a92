/*!
Article extraction: turns a fetched [`Page`] into an [`Article`].

Does: decodes the bytes (BOM, header, meta, detection), finds the main content and
keeps its headings and paragraphs in order, rejects boilerplate, and reads metadata
(title, authors, dates with provenance, language, canonical URL, section, tags,
images with captions) plus quality flags.

Does not: fetch anything, tag entities, or keep state. Synchronous and pure: call it
from a blocking thread or rayon.
*/

use newsmill_records::{Article, Page};
