"""Labelled extraction evaluation set (pages/, gold JSON), its generator and its scoring."""
