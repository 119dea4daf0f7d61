-- Indexes for the HTTP API (package api): search facets, entity profiles, and the quotes of relations.
-- Facets count the matching documents by site, language and month: over the whole corpus (no query text),
-- an index-only scan answers them.
CREATE INDEX documents_facets ON documents (site, language, published);
-- Entity profiles join mentions to documents for publication dates: an index-only lookup by ID.
CREATE INDEX documents_id_published ON documents (id, published);
-- An entity's names (EntityProfile aliases) from the index alone.
CREATE INDEX mentions_entity_names ON mentions (entity_id, kind, text);
-- The entities a quote mentions, found from the quote (Relations' quote counts over a date window).
CREATE INDEX quote_about_quote ON quote_about (doc_id, start, entity_id);
