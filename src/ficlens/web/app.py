"""The ficlens web UI: FastAPI + Jinja2 pages and a JSON API over `ficlens.analyze` and `Library`.

    >>> from ficlens.web import create_app
    >>> app = create_app(library="~/fics.ficlens")            # serve with uvicorn
    >>> app = create_app(library=lib, token="s3cret")         # every request then needs the token

The app holds no logic about stories: routes parse the request, call the library or the analysis,
and hand the result to a template (see `present.py`) or return it as JSON. Library calls all run on
the event loop's thread (one SQLite connection, one writer); story analysis runs in a worker thread.
Every `FiclensError` becomes a response in one handler, with the status its class declares.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

import anyio
import jinja2
from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates

from ficlens import __version__
from ficlens.errors import EmptyInput, FiclensError, InputError
from ficlens.library import SimilarWork
from ficlens.library.query import SearchQuery, SearchResult
from ficlens.model import AO3_RATINGS, SEVERITY_ORDER, Work
from ficlens.web import present
from ficlens.web.security import SECURITY_HEADERS, Guard, is_api

if TYPE_CHECKING:
    from ficlens.library import Library

logger = logging.getLogger("ficlens.web")
HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# Multipart framing around the story itself; the story is held to the exact limit by `analyze`.
_FORM_OVERHEAD_BYTES = 64 * 1024

# (facet key from Library.facets, sidebar heading, include field, exclude field) in AO3's sidebar order.
FACETS: tuple[tuple[str, str, str, str | None], ...] = (
    ("rating", "Ratings", "ratings", None),
    ("warning", "Warnings", "warnings", "exclude_warnings"),
    ("fandom", "Fandoms", "fandoms", "exclude_fandoms"),
    ("character", "Characters", "characters", "exclude_characters"),
    ("relationship", "Relationships", "relationships", "exclude_relationships"),
    ("freeform", "Additional Tags", "tags", "exclude_tags"),
    ("cw", "Content warnings", "cws", "exclude_cws"),
)
_LIST_FIELDS = {
    n for n, f in SearchQuery.model_fields.items() if getattr(f.annotation, "__origin__", None) is list
}
SORTS = (
    ("relevance", "Best match"),
    ("added", "Date added"),
    ("words", "Word count"),
    ("title", "Title"),
    ("author", "Author"),
)
MAX_PAGE_SIZE = 100
# A work id in a URL: SQLite's integers are 64-bit, so a longer number is refused (422), not a 500.
WorkId = Annotated[int, PathParam(ge=0, le=2**63 - 1)]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        # Templates ship with the package: compile each once, never stat its file again per request.
        auto_reload=False,
        # Story text is hostile: escape everything, always.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, severity_order=SEVERITY_ORDER)
    env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    env.filters["percent"] = lambda x: f"{x:.0%}" if isinstance(x, int | float) else ""
    return env


def query_from_params(params: Any) -> tuple[SearchQuery, list[str]]:
    """A `SearchQuery` from HTML form parameters, plus the names of values that were ignored as invalid.

    Lists come as repeated parameters or comma-separated text (AO3 tags cannot contain commas);
    empty values mean "no filter".
    """
    data: dict[str, Any] = {}
    for name in SearchQuery.model_fields:
        if name in _LIST_FIELDS:
            values = [v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()]
            if values:
                data[name] = list(dict.fromkeys(values))
        else:
            raw = params.get(name)
            if raw is not None and raw.strip() and raw.strip().lower() != "any":
                data[name] = raw.strip()
    ignored: list[str] = []
    while True:
        try:
            query = SearchQuery.model_validate(data)
            break
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            if not bad & data.keys():
                raise
            ignored.extend(sorted(bad & data.keys()))
            for name in bad:
                data.pop(name, None)
    query.limit = min(max(query.limit, 1), MAX_PAGE_SIZE)
    query.offset = max(query.offset, 0)
    return query, ignored


def api_query(params: Any) -> SearchQuery:
    """A `SearchQuery` from `/api/works` parameters, as FastAPI would read `Annotated[SearchQuery, Query()]`
    (lists as repeated parameters, the last value of a repeated scalar); invalid values are a 422.

    Done by hand so that a cached answer skips it: FastAPI's own reading of a 25-field query model
    cost more than the rest of a cached request.
    """
    data: dict[str, Any] = {}
    for name in SearchQuery.model_fields:
        if name in _LIST_FIELDS:
            values = params.getlist(name)
            if values:
                data[name] = values
        elif name in params:
            data[name] = params[name]
    try:
        query = SearchQuery.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from exc
    query.limit = min(max(query.limit, 1), MAX_PAGE_SIZE)
    return query


def _query_parameters() -> list[dict[str, Any]]:
    """The OpenAPI parameters of `SearchQuery`, as FastAPI documents a query model."""
    properties = SearchQuery.model_json_schema()["properties"]
    out = []
    for name, schema in properties.items():
        schema = {k: v for k, v in schema.items() if k != "default" or v not in (None, [])}
        out.append({"name": name, "in": "query", "required": False, "schema": schema})
    return out


class AnswerCache:
    """Rendered answers (bytes) for one state of the library (`Library.state()`), least recently used
    dropped first, and all of them dropped when the state moves (a commit by any process, a blocklist
    or KB change): a page is never older than the library it shows."""

    def __init__(self, max_bytes: int = 32 * 2**20) -> None:
        self.max_bytes = max_bytes
        self.state: Any = None
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.size = 0

    def get(self, state: Any, key: str) -> bytes | None:
        """The answer kept for `key` in `state`; None (nothing is kept) when the state is unknown."""
        if state is None:
            return None
        if state != self.state:
            self.state = state
            self.entries.clear()
            self.size = 0
            return None
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, state: Any, key: str, value: bytes) -> None:
        # Keys count too: a hostile URL can be tens of kB.
        cost = len(key) + len(value)
        if state is None or state != self.state or cost > self.max_bytes // 8:
            return
        old = self.entries.pop(key, None)
        self.size += cost - (len(key) + len(old) if old is not None else 0)
        self.entries[key] = value
        while self.size > self.max_bytes:
            dropped_key, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped_key) + len(dropped)


def _params_of(query: SearchQuery, **changes: Any) -> str:
    """The query string of `query` with `changes`, leaving out defaults so URLs stay short."""
    defaults = SearchQuery()
    values = query.model_dump()
    values.update(changes)
    pairs: list[tuple[str, str]] = []
    for name, value in values.items():
        if value == getattr(defaults, name):
            continue
        if isinstance(value, list):
            pairs.extend((name, v) for v in value)
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        elif value is not None:
            pairs.append((name, str(value)))
    return urlencode(pairs)


def _safe_name(filename: str | None) -> str | None:
    # Only ever a label for messages; never used as a path.
    if not filename:
        return None
    return PurePath(filename.replace("\\", "/")).name[:200] or None


def create_app(
    *,
    library: Library | str | Path | None = None,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    allowed_hosts: list[str] | None = None,
    analysis_profile: str = "full",
) -> FastAPI:
    """Build the web app over a library (an open `Library`, a path, or None for the default one).

    `token` (or None for no token) is required on every request when set. Uploads larger than
    `max_upload_bytes` get 413. `allowed_hosts` limits the Host header (a guard against DNS
    rebinding when serving on loopback).
    """
    state: dict[str, Any] = {"library": library if not isinstance(library, str | Path | None) else None}
    library_path = library if isinstance(library, str | Path) else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        # Close only a library this app opened itself.
        if state.get("owned") and state["library"] is not None:
            state["library"].close()
            state["library"] = None

    app = FastAPI(
        lifespan=lifespan,
        title="ficlens",
        version=__version__,
        description="Read fan fiction the way a careful archivist would: library search and story analysis.",
        # Swagger UI and ReDoc load scripts from a CDN; the OpenAPI document is served at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    templates = Jinja2Templates(env=_environment())
    analysis_slots = anyio.CapacityLimiter(1)
    # Library pages and search answers by their query string; work pages are not kept (each is the
    # whole text of a work, and readers rarely open the same one twice in a row).
    answers = AnswerCache()

    def get_library() -> Library:
        if state["library"] is None:
            from ficlens.library import Library

            state["library"] = Library.open(library_path)
            state["owned"] = True
        return state["library"]

    def state_of(lib: Library) -> Any:
        # A library without `state()` (a stand-in in tests) is never cached.
        state = getattr(lib, "state", None)
        return state() if callable(state) else None

    def cached_answer(request: Request, compute: Callable[[Library], bytes]) -> bytes:
        """The answer to this URL for the library's current state: kept in `answers`, else computed."""
        lib = get_library()
        state = state_of(lib)
        key = request.url.path + "?" + request.url.query
        body = answers.get(state, key)
        if body is None:
            body = compute(lib)
            answers.put(state, key, body)
        return body

    def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(
            request, name, {"request": request, **context}, status_code=status_code
        )

    def render_error(request: Request, status: int, message: str, hint: str | None) -> Response:
        return render(request, "error.html", status_code=status, status=status, message=message, hint=hint)

    app.add_middleware(
        Guard,
        token=token,
        max_body_bytes=max_upload_bytes + _FORM_OVERHEAD_BYTES,
        allowed_hosts=allowed_hosts,
        render_html=render_error,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # ---- errors: one handler per family, as JSON for the API and a page for people ---------------

    @app.exception_handler(FiclensError)
    async def _ficlens_error(request: Request, exc: FiclensError) -> Response:
        if is_api(request):
            return JSONResponse(
                {"error": type(exc).__name__, "message": exc.message, "hint": exc.hint},
                status_code=exc.http_status,
            )
        return render_error(request, exc.http_status, exc.message, exc.hint)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        # Anything that is not a FiclensError is a bug: log it in full, show one line and no traceback.
        logger.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        message = f"internal error ({type(exc).__name__}); this is a bug in ficlens"
        hint = "the server log has the details"
        if is_api(request):
            return JSONResponse({"error": "InternalError", "message": message, "hint": hint}, status_code=500)
        response = render_error(request, 500, message, hint)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()
        )
        return JSONResponse(
            {"error": "ValidationError", "message": problems, "hint": "see /openapi.json for the parameters"},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            return JSONResponse(
                {"error": "HTTPError", "message": exc.detail, "hint": None}, status_code=exc.status_code
            )
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return render_error(request, exc.status_code, message, None)

    # ---- shared steps ------------------------------------------------------------------------------

    async def read_story(request: Request) -> tuple[bytes, str, bool]:
        """(story bytes, a name for messages, add-to-library?) from a multipart or urlencoded form."""
        try:
            # Pasted text over the limit reaches `analyze`, which refuses it with 413 like a file.
            form = await request.form(
                max_files=1, max_fields=10, max_part_size=max_upload_bytes + _FORM_OVERHEAD_BYTES
            )
        except StarletteHTTPException as exc:
            raise InputError(f"could not read the upload: {exc.detail}") from exc
        upload = form.get("file")
        pasted = form.get("text")
        add = str(form.get("add", "")).lower() in {"1", "true", "on", "yes"}
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read(max_upload_bytes + 1)
            name = _safe_name(upload.filename) or "upload"
            await upload.close()
            if data:
                return data, name, add
        if isinstance(pasted, str) and pasted.strip():
            return pasted.encode("utf-8"), "pasted story", add
        raise EmptyInput("nothing to analyse", hint="choose a story file or paste its text")

    async def analyse(data: bytes, name: str) -> Work:
        from ficlens.api import analyze

        def run() -> Work:
            return analyze(data, name=name, profile=analysis_profile, max_bytes=max_upload_bytes)

        return await anyio.to_thread.run_sync(run, limiter=analysis_slots)

    def series_nav(lib: Library, work: Work, work_id: int) -> dict[str, Any] | None:
        """Previous and next parts of the work's series in the library, AO3's series navigation."""
        if work.series is None:
            return None
        try:
            found = lib.series(work.series.name)
        except (AttributeError, NotImplementedError, FiclensError):
            return None
        wanted = " ".join(work.series.name.casefold().split())
        for name, parts in found.items():
            ids = [p.id for p in parts]
            if " ".join(name.casefold().split()) == wanted and work_id in ids:
                i = ids.index(work_id)
                return {
                    "name": name,
                    "prev": parts[i - 1] if i > 0 else None,
                    "next": parts[i + 1] if i + 1 < len(parts) else None,
                    "count": len(parts),
                }
        return None

    def facets_for(query: SearchQuery) -> list[dict[str, Any]]:
        lib = get_library()
        try:
            counts = lib.facets(query)
        except (AttributeError, NotImplementedError):
            counts = {}
        groups = []
        for key, label, include, exclude in FACETS:
            values = list(counts.get(key, []))
            seen = {v for v, _ in values}
            chosen = getattr(query, include) + (getattr(query, exclude) if exclude else [])
            if key == "rating":
                values += [(r, 0) for r in AO3_RATINGS if r not in seen and r in chosen]
            values += [(v, 0) for v in dict.fromkeys(chosen) if v not in seen and key != "rating"]
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "include": include,
                    "exclude": exclude,
                    "values": values,
                    "included": set(getattr(query, include)),
                    "excluded": set(getattr(query, exclude)) if exclude else set(),
                }
            )
        return groups

    # ---- pages ---------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def library_page(request: Request) -> Response:
        return HTMLResponse(cached_answer(request, lambda lib: bytes(render_library_page(request, lib).body)))

    def render_library_page(request: Request, lib: Library) -> Response:
        query, ignored = query_from_params(request.query_params)
        problem: str | None = None
        try:
            result = lib.search(query)
            facets = facets_for(query)
        except InputError as exc:  # e.g. an unknown rating: say so above the form, keep the form usable
            problem = str(exc)
            result = SearchResult(total=0)
            facets = facets_for(SearchQuery())
        total_pages = max((result.total + query.limit - 1) // query.limit, 1)
        page = query.offset // query.limit + 1
        return render(
            request,
            "library.html",
            query=query,
            ignored=ignored,
            problem=problem,
            result=result,
            facets=facets,
            sorts=SORTS,
            page=page,
            total_pages=total_pages,
            prev_url="?" + _params_of(query, offset=max(query.offset - query.limit, 0)) if page > 1 else None,
            next_url="?" + _params_of(query, offset=query.offset + query.limit)
            if page < total_pages
            else None,
            blocklist_url="?" + _params_of(query, apply_blocklist=not query.apply_blocklist, offset=0),
            count=lib.count(),
        )

    @app.get("/works/{work_id}", response_class=HTMLResponse, include_in_schema=False)
    async def work_page(request: Request, work_id: WorkId) -> Response:
        lib = get_library()
        work = lib.get(work_id)
        return render(
            request,
            "work.html",
            page=present.work_page(work),
            work_id=work_id,
            series_nav=series_nav(lib, work, work_id),
            stored=True,
            added=request.query_params.get("added"),
        )

    @app.get("/works/{work_id}/similar", response_class=HTMLResponse, include_in_schema=False)
    async def similar_page(request: Request, work_id: WorkId) -> Response:
        # A page of its own: finding similar works compares against the whole library, which would
        # slow every work page down as the library grows.
        lib = get_library()
        return render(
            request,
            "similar.html",
            work=lib.summary(work_id),
            similar=[s for s in lib.similar(work_id, limit=20) if s.score > 0],
        )

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_form(request: Request) -> Response:
        return render(request, "analyze.html", max_upload_bytes=max_upload_bytes)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_page(request: Request) -> Response:
        data, name, add = await read_story(request)
        work = await analyse(data, name)
        if add:
            result = get_library().add_work(work)
            return RedirectResponse(f"/works/{result.work_id}?added={result.status}", status_code=303)
        return render(
            request,
            "work.html",
            page=present.work_page(work),
            work_id=None,
            series_nav=None,
            stored=False,
            added=None,
        )

    # ---- JSON API --------------------------------------------------------------------------------------

    @app.get(
        "/api/works",
        response_model=SearchResult,
        tags=["library"],
        responses={422: {"description": "Invalid parameters (JSON with `error`, `message` and `hint`)"}},
        openapi_extra={"parameters": _query_parameters()},
    )
    async def api_search(request: Request) -> Response:
        """Search the library: free text plus AO3 include/exclude filters (the fields of `SearchQuery`)."""
        body = cached_answer(
            request, lambda lib: lib.search(api_query(request.query_params)).model_dump_json().encode()
        )
        return Response(body, media_type="application/json")

    @app.get("/api/works/{work_id}", tags=["library"])
    async def api_work(work_id: WorkId, include_text: bool = False) -> dict[str, Any]:
        """One stored work as the `ficlens analyze` JSON contract (404 for an unknown id)."""
        return get_library().get(work_id).to_output(include_text=include_text)

    @app.get("/api/works/{work_id}/similar", response_model=list[SimilarWork], tags=["library"])
    async def api_similar(work_id: WorkId, limit: int = Query(10, ge=1, le=100)) -> list[SimilarWork]:
        """Works in the library like this one (wording and shared tags), each with its reasons."""
        return get_library().similar(work_id, limit=limit)

    @app.post(
        "/api/analyze",
        tags=["analysis"],
        responses={
            201: {"description": "Analysed and added to the library (see the Location header)"},
            413: {"description": "Upload larger than the server's limit"},
            422: {"description": "Not a story: empty, unreadable or not a format ficlens reads"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {"type": "string", "format": "binary", "description": "A story file"},
                                "text": {"type": "string", "description": "Or the story pasted as text"},
                                "add": {"type": "boolean", "description": "Also add it to the library"},
                            },
                        }
                    }
                },
            }
        },
    )
    async def api_analyze(request: Request) -> Response:
        """Analyse an uploaded or pasted story and return the JSON contract; stored only when `add` is set."""
        data, name, add = await read_story(request)
        if request.query_params.get("add", "").lower() in {"1", "true", "on", "yes"}:
            add = True
        work = await analyse(data, name)
        body = work.to_output()
        if add:
            result = get_library().add_work(work)
            return JSONResponse(
                body,
                status_code=201,
                headers={
                    "Location": f"/api/works/{result.work_id}",
                    "X-Ficlens-Work-Id": str(result.work_id),
                },
            )
        return JSONResponse(body)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory ficlens.web.app:app_from_env`, and for each `ficlens serve` worker.

    Reads FICLENS_LIBRARY, FICLENS_TOKEN, FICLENS_MAX_UPLOAD_BYTES and FICLENS_ALLOWED_HOSTS
    (comma-separated; empty: any Host).
    """
    hosts = [h for h in os.environ.get("FICLENS_ALLOWED_HOSTS", "").split(",") if h.strip()]
    return create_app(
        library=os.environ.get("FICLENS_LIBRARY") or None,
        token=os.environ.get("FICLENS_TOKEN") or None,
        max_upload_bytes=int(os.environ.get("FICLENS_MAX_UPLOAD_BYTES") or DEFAULT_MAX_UPLOAD_BYTES),
        allowed_hosts=hosts or None,
    )
