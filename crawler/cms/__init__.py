"""Rules shared by a CMS family (Hanweb 大汉 jpage records, script-driven pagers)."""
