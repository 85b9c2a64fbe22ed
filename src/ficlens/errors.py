"""The ficlens exception tree. Library code raises; only the shells (CLI, web, batch) exit or respond.

FiclensError                 base; `message` and an optional `hint`          exit 1 / HTTP 500
├── InputError               unreadable or unsupported story                 exit 3 / HTTP 422
│   ├── UnsupportedFormat    not a story format ficlens reads                exit 3 / HTTP 422
│   ├── UnsafeInput          zip bomb, XML entities, oversized input         exit 3 / HTTP 413
│   ├── EmptyInput           no text at all                                  exit 3 / HTTP 422
│   └── KBPackError          a fandom pack that is not valid YAML / schema   exit 3 / HTTP 422
├── ConfigError              unknown stage or profile, unmet `requires`      exit 4 / HTTP 500
│   └── KBFileError          KB file missing, not a KB, other schema version exit 4 / HTTP 500
└── LibraryError             store locked, migration failed, bad library     exit 5 / HTTP 503
    └── WorkNotFound         unknown work id                                 exit 5 / HTTP 404
"""

from __future__ import annotations


class FiclensError(Exception):
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(FiclensError):
    exit_code = 3
    # A bad story is an unprocessable upload: the web API answers 422 with the message.
    http_status = 422


class UnsupportedFormat(InputError):
    pass


class UnsafeInput(InputError):
    http_status = 413


class EmptyInput(InputError):
    http_status = 422


class ConfigError(FiclensError):
    exit_code = 4
    http_status = 500


class KBPackError(InputError):
    pass


class KBFileError(ConfigError):
    pass


class LibraryError(FiclensError):
    exit_code = 5
    http_status = 503


class WorkNotFound(LibraryError):
    http_status = 404
