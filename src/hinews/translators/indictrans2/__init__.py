"""IndicTrans2 (AI4Bharat) without its hub code: checkpoint reading, conversion to
CTranslate2, tokenisation and IndicTrans2's own pre- and post-processing."""
