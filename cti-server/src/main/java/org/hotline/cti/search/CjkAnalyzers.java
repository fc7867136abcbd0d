package org.hotline.cti.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Overlapping character bigrams for Chinese: 留抵退税 is indexed as 留抵 抵退 退税 (and the single
 * characters), so an agent typing two or three characters — a prefix, or the middle of a word a
 * dictionary segmenter would have kept whole — finds it. Measured against smartcn's word
 * segmentation: 留抵 is not one of its words, and a two-character query must hit. Full-width
 * letters and digits are folded (ＶＡＴ = vat), Latin words and numbers stay whole words.
 */
final class CjkAnalyzers {
    private CjkAnalyzers() {}

    /** For the index: bigrams and unigrams, so one-character queries work too. */
    static Analyzer indexing() {
        return analyzer(true);
    }

    /** For queries: bigrams only (a lone character stays a unigram), so 留抵 asks for the pair, not 留 or 抵. */
    static Analyzer querying() {
        return analyzer(false);
    }

    private static Analyzer analyzer(boolean unigrams) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream s = new CJKWidthFilter(source);
                s = new LowerCaseFilter(s);
                s = new CJKBigramFilter(
                        s,
                        CJKBigramFilter.HAN
                                | CJKBigramFilter.HIRAGANA
                                | CJKBigramFilter.KATAKANA
                                | CJKBigramFilter.HANGUL,
                        unigrams);
                return new TokenStreamComponents(source, s);
            }
        };
    }
}
