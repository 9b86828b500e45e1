"""The lesson's stack: FastAPI on uvicorn with TrustedHost, CORS, a security-headers middleware and a
slowapi-style fixed-window limiter keyed by client address (slowapi itself is not packaged by Debian).
Started by bench/run.js as: python3 fastapi_app.py PORT, with BENCH_COMMON naming the shared settings file."""
import json
import os
import re
import sys
import time
import uuid

import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import JSONResponse

COMMON = json.load(open(os.environ["BENCH_COMMON"]))
LIMIT = 1 if os.environ.get("BENCH_LIMIT") == "closed" else 1_000_000_000
WINDOW = 60.0
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
counters: dict = {}


@app.middleware("http")
async def limiter_and_headers(request: Request, call_next):
    key = request.client.host if request.client else "unknown"
    now = time.monotonic()
    start, count = counters.get(key, (now, 0))
    if now - start >= WINDOW:
        start, count = now, 0
    count += 1
    counters[key] = (start, count)
    if count > LIMIT:
        response = JSONResponse({"error": "rate_limited"}, status_code=429)
        response.headers["retry-after"] = str(int(WINDOW - (now - start)) + 1)
    else:
        response = await call_next(request)
    rid = request.headers.get("x-request-id", "")
    response.headers["x-request-id"] = rid if REQUEST_ID.match(rid) else str(uuid.uuid4())
    for name, value in COMMON["securityHeaders"].items():
        response.headers[name] = value
    return response


app.add_middleware(CORSMiddleware, allow_origins=[COMMON["allowedOrigin"]], allow_credentials=True,
                   allow_methods=["GET", "POST"], allow_headers=["authorization", "content-type"])
app.add_middleware(TrustedHostMiddleware, allowed_hosts=COMMON["allowedHosts"])


@app.get("/bench")
async def bench():
    return COMMON["body"]


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                            server_header=False)
    server = uvicorn.Server(config)
    server.run()
