"""What every dialog that edits a saved record shares (work order, complaint, release pass).

- Another desk saved first (``StaleRecord``): reload the record, and either put the user's
  own edits back on top (``reapply``) or drop them (``widgets/stale_dialog.py``).
- An edit's draft remembers the version and the values it was typed on, so a draft
  restored after another desk's change is refused and re-applied like a stale form.
- Esc, Cancel and the title bar's close ask before typing is thrown away.

A dialog mixes this in before ``QDialog`` and provides ``fetch_detail``,
``fill_from_detail``, ``discard_question``, ``_values`` and ``restore_draft``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QDialog

from app.views.feedback import perform
from app.views.messages import Messages
from app.views.widgets.drafts import DraftKeeper
from app.views.widgets.stale_dialog import reapply


class RecordEditing:
    detail: Any  # the record's detail dataclass (with ``id`` and ``version``), None if new
    drafts: DraftKeeper
    _loaded: dict[str, Any]
    _base_version: int
    #: Fields re-applied together: a villa's id with the text naming it.
    reapply_together: tuple[tuple[str, ...], ...] = (("villa_id", "villa"),)

    # -- what the dialog provides --------------------------------------------------------
    def fetch_detail(self, record_id: int) -> Any:
        raise NotImplementedError

    def fill_from_detail(self, detail: Any) -> None:
        raise NotImplementedError

    def discard_question(self) -> str:
        raise NotImplementedError

    def reapply_merge(self) -> Mapping[str, Callable[[Any, Any, Any], Any]]:
        """How list-valued fields (fee lines, items) are merged on re-apply."""
        return {}

    def _values(self) -> dict[str, Any]:
        raise NotImplementedError

    def restore_draft(self, payload: dict[str, Any]) -> None:
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------
    def start_editing(self, detail: Any) -> None:
        """Call at the end of ``__init__``, once the fields show ``detail`` (or are empty)."""
        self._loaded = self._values()
        self._base_version = detail.version if detail is not None else 0

    def _reload(self) -> dict[str, Any] | None:
        """Show the record as it is now; return the form's values for it."""
        assert self.detail is not None
        record_id = self.detail.id
        fresh = perform(self.as_widget(), lambda: self.fetch_detail(record_id))
        if fresh is None:
            return None
        self.detail = fresh
        self.fill_from_detail(fresh)
        theirs = self._values()
        self._loaded, self._base_version = theirs, fresh.version
        self.drafts.settle()
        return theirs

    def reload_and_reapply(self) -> None:
        loaded, mine = self._loaded, self._values()
        theirs = self._reload()
        if theirs is None:
            return
        self.restore_draft(reapply(loaded, mine, theirs, together=self.reapply_together,
                                   merge=self.reapply_merge()))
        self.drafts.touched()

    def discard_changes(self) -> None:
        self._reload()

    def with_based_on(self, payload: dict[str, Any]) -> dict[str, Any]:
        """An edit's draft: the values plus the version and values they were typed on."""
        if self.detail is not None:
            payload["based_on"] = {"version": self._base_version, "values": self._loaded}
        return payload

    def take_based_on(self, payload: Mapping[str, Any]) -> None:
        """Restoring an edit's draft: its save is checked against the version it was
        typed on, not the one loaded now."""
        based_on = payload.get("based_on")
        if self.detail is not None and isinstance(based_on, dict):
            self._base_version = int(based_on.get("version") or self._base_version)
            self._loaded = based_on.get("values") or self._loaded

    def reject(self) -> None:
        """Esc, Cancel and the title bar's close: ask before throwing typing away."""
        if self.drafts.has_typed():
            if not Messages.confirm(self.as_widget(), self.discard_question()):
                return
            self.drafts.discard()
        super().reject()  # type: ignore[misc]

    def as_widget(self) -> QDialog:
        assert isinstance(self, QDialog)
        return self
