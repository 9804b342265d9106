"""Commands about copies of one notice across portals: dupes."""

from __future__ import annotations

import click

from archive.query import copies_of
from crawler.cli.common import ConfigProblem, db_option, emit_json, json_option, open_archive
from crawler.cli.output import echo


@click.command()
@click.argument("doc_id", type=int)
@db_option
@json_option
def dupes(doc_id, db_url, as_json):
    """List the copies of notice DOC_ID on other portals, and which copy is the best.

    Copies are found on normalised text (simplified script, artifacts removed), so a
    traditional-script mirror, a paywall-truncated repost and a synonym-spun copy all count.
    The best copy is an official portal's over a mirror's, a complete one over a truncated
    one, then the earliest published. Each copy keeps its own damage flags. The similarity
    column is the share of the shorter text the other covers (1.00 = all of it).
    A crawl links copies when it ends: until then its versions' links are pending, and
    this command says so (JSON: copy_links_pending, the number of such versions).

    \b
    Example:
      edunotice dupes 12
      edunotice dupes 12 --json
    """
    with open_archive(db_url) as archive, archive.sessions() as s:
        found = copies_of(s, doc_id)
    if found is None:
        raise ConfigProblem(f"no document {doc_id} in the archive; find ids with 'edunotice search'")
    if as_json:
        emit_json(found)
        return
    if found["copy_links_pending"]:
        echo(f"document {doc_id}: copy links PENDING for {found['copy_links_pending']} of its versions "
             "(stored by a crawl that has not linked copies yet); the list below is as of the last "
             "linking. Run 'edunotice db link-copies' to make them now.")
    copies = found["copies"]
    others = len(copies) - 1
    echo(f"document {doc_id}: cluster {found['cluster_id'] or '-'}, "
         + (f"{others} cop{'y' if others == 1 else 'ies'} elsewhere" if others > 0 else "no copies found")
         + (f"; best copy {found['best_document_id']}" if found["best_document_id"] else ""))
    for c in copies:
        mark = "*" if c["best"] else ("=" if c["document_id"] == doc_id else " ")
        sim = f"{c['similarity']['coverage']:.2f}" if c["similarity"] else "asked"
        echo(f" {mark} {c['document_id']:>6}  {c['portal']:<18} {c['portal_kind'] or '-':<8} "
             f"{c['published'] or '-':<16}  {sim:>5}  {','.join(c['flags']) or '-':<28} "
             f"{c['title'] or '(no title)'}")
        echo(f"{'':10}{c['url']}")
    echo("(* best copy, = the document asked about; similarity: share of the shorter text covered)")


COMMANDS = (dupes,)
