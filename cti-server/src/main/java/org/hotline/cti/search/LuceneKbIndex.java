package org.hotline.cti.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.hotline.cti.app.port.KbIndex;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;

/**
 * The knowledge base's search index, in memory with Lucene (rebuilt from the store at start; tens of
 * thousands of entries take a few MB). Each entry is one Lucene document for its title and script,
 * plus one per policy document carrying its dates, so that a match in a document counts only on the
 * days it is in effect (R6) without re-indexing when a day passes. Scores are BM25 with field
 * boosts (title over script, document title over its text); an entry ranks by its best document.
 * Writes are visible to the next search at once (R9).
 */
public final class LuceneKbIndex implements KbIndex {
    private static final String ENTRY = "entry";
    private static final String KIND = "kind";
    private static final String TITLE = "title";
    private static final String SCRIPT = "script";
    private static final String DOC_TITLE = "docTitle";
    private static final String DOC_NUMBER = "docNumber";
    private static final String DOC_ISSUER = "docIssuer";
    private static final String DOC_TEXT = "docText";
    private static final String EFFECTIVE = "effective";
    private static final String EXPIRES = "expires";
    private static final long NEVER = Long.MAX_VALUE;
    /** Longest query looked at: an agent types a few characters, not an essay. */
    private static final int MAX_QUERY_CHARS = 64;

    private static final Map<String, Float> BOOSTS =
            Map.of(TITLE, 4f, SCRIPT, 1.5f, DOC_TITLE, 2f, DOC_NUMBER, 2f, DOC_ISSUER, 1f, DOC_TEXT, 1f);

    private final Analyzer query = CjkAnalyzers.querying();
    private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final java.util.Set<Long> indexed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LuceneKbIndex() {
        try {
            writer = new IndexWriter(dir, new IndexWriterConfig(CjkAnalyzers.indexing()));
            writer.commit();
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the knowledge-base index", e);
        }
    }

    @Override
    public void put(KbEntry entry) {
        putAll(List.of(entry));
    }

    @Override
    public void putAll(List<KbEntry> entries) {
        try {
            for (KbEntry e : entries) {
                if (indexed.add(e.id())) {
                    writer.addDocuments(documents(e)); // new: no delete to look up
                } else {
                    writer.updateDocuments(new Term(ENTRY, Long.toString(e.id())), documents(e));
                }
            }
            // One refresh per batch: the next search sees the change (R9), and a start-up load of
            // thousands of entries opens one new searcher, not thousands.
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index knowledge-base entries", e);
        }
    }

    private static List<Document> documents(KbEntry entry) {
        List<Document> docs = new ArrayList<>();
        Document main = base(entry.id(), "entry");
        main.add(new TextField(TITLE, entry.title(), Field.Store.NO));
        main.add(new TextField(SCRIPT, entry.script(), Field.Store.NO));
        docs.add(main);
        for (PolicyDocument p : entry.documents()) {
            Document d = base(entry.id(), "document");
            d.add(new TextField(DOC_TITLE, p.title(), Field.Store.NO));
            d.add(new TextField(DOC_NUMBER, p.number(), Field.Store.NO));
            d.add(new TextField(DOC_ISSUER, p.issuer(), Field.Store.NO));
            d.add(new TextField(DOC_TEXT, p.text(), Field.Store.NO));
            d.add(new LongPoint(EFFECTIVE, p.effective().toEpochDay()));
            d.add(new LongPoint(
                    EXPIRES, p.expires() == null ? NEVER : p.expires().toEpochDay()));
            docs.add(d);
        }
        return docs;
    }

    private static Document base(long id, String kind) {
        Document d = new Document();
        d.add(new StringField(ENTRY, Long.toString(id), Field.Store.NO));
        d.add(new StoredField(ENTRY, id));
        d.add(new StringField(KIND, kind, Field.Store.NO));
        return d;
    }

    @Override
    public List<Long> search(String text, LocalDate day, int limit) {
        List<String> terms = terms(text);
        if (terms.isEmpty()) {
            return List.of();
        }
        long today = day.toEpochDay();
        // A policy document matches only while in effect: effective <= today <= expires.
        Query inEffect = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KIND, "document")), Occur.FILTER)
                .add(LongPoint.newRangeQuery(EFFECTIVE, Long.MIN_VALUE, today), Occur.FILTER)
                .add(LongPoint.newRangeQuery(EXPIRES, today, Long.MAX_VALUE), Occur.FILTER)
                .build();
        Query entryDoc = new TermQuery(new Term(KIND, "entry"));
        // Every term of the query must occur (in some field): 留抵退 wants 留抵 and 抵退.
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String t : terms) {
            List<Query> perField = new ArrayList<>();
            BOOSTS.forEach((field, boost) -> perField.add(new BoostQuery(new TermQuery(new Term(field, t)), boost)));
            all.add(new DisjunctionMaxQuery(perField, 0.1f), Occur.MUST);
        }
        Query q = new BooleanQuery.Builder()
                .add(all.build(), Occur.MUST)
                .add(
                        new BooleanQuery.Builder()
                                .add(entryDoc, Occur.SHOULD)
                                .add(inEffect, Occur.SHOULD)
                                .setMinimumNumberShouldMatch(1)
                                .build(),
                        Occur.FILTER)
                .build();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                // An entry may match through several of its documents: over-fetch, keep each entry's best.
                ScoreDoc[] hits = s.search(q, Math.max(limit * 4, 40)).scoreDocs;
                Map<Long, Float> best = new LinkedHashMap<>();
                for (ScoreDoc h : hits) {
                    long id = s.storedFields()
                            .document(h.doc)
                            .getField(ENTRY)
                            .numericValue()
                            .longValue();
                    best.putIfAbsent(id, h.score);
                    if (best.size() == limit) {
                        break;
                    }
                }
                return List.copyOf(best.keySet());
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge-base search failed", e);
        }
    }

    private List<String> terms(String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() > MAX_QUERY_CHARS) {
            t = t.substring(0, MAX_QUERY_CHARS);
        }
        List<String> out = new ArrayList<>();
        try (TokenStream ts = query.tokenStream(TITLE, t)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String v = term.toString();
                if (!out.contains(v)) {
                    out.add(v);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
