"""An AI agent's side of `callsift mcp`, through the official MCP Python SDK (the `mcp` package in
.venv-test): it spawns the server over stdio, then runs the calls named in a JSON plan and prints
one JSON object per call, so a Swift test can assert on what a real client saw.

    mcp_agent.py CALLSIFT MANIFEST PLAN_JSON

A plan is a list of steps: {"tool": NAME, "arguments": {...}}, {"list_tools": true},
{"list_resources": true}, {"read_resource": URI}, {"poll": NAME, "arguments": {...},
"until_status": S, "seconds": N} (the tool called each half second until its result's status is
S). A step's arguments may name an earlier result's field: "$3.segments.0.analysis_id", or join
parts: ["callsift://sessions/", "$1.id", "/session.json"].
"""

import asyncio
import json
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def resolve(value, results):
    """`"$K.a.0.b"`: field a, item 0, field b of the result of step K; a list of parts is joined."""
    if isinstance(value, list):
        return "".join(str(resolve(part, results)) for part in value)
    if isinstance(value, str) and value.startswith("$"):
        step, *path = value[1:].split(".")
        found = results[int(step)]["structured"]
        for key in path:
            found = found[int(key)] if isinstance(found, list) else found[key]
        return found
    if isinstance(value, dict):
        return {key: resolve(item, results) for key, item in value.items()}
    return value


async def call(session, name, arguments):
    progress = []

    async def heard(value, total, message):
        progress.append({"progress": value, "total": total, "message": message})

    started = time.monotonic()
    result = await session.call_tool(name, arguments, progress_callback=heard)
    text = "".join(item.text for item in result.content if getattr(item, "type", "") == "text")
    return {
        "tool": name,
        "is_error": bool(result.is_error),
        "structured": result.structured_content,
        "text": text,
        "progress": progress,
        "seconds": round(time.monotonic() - started, 3),
    }


async def main():
    callsift, manifest, plan = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    server = StdioServerParameters(command=callsift, args=["mcp", "--manifest", manifest])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            hello = await session.initialize()
            print(json.dumps({
                "protocol_version": hello.protocol_version,
                "server": hello.server_info.name,
                "capabilities": hello.capabilities.model_dump(exclude_none=True),
            }), flush=True)
            results = []
            for step in plan:
                if step.get("list_tools"):
                    listed = await session.list_tools()
                    out = {"tools": [{"name": tool.name, "input_schema": tool.input_schema} for tool in listed.tools]}
                elif step.get("list_resources"):
                    listed = await session.list_resources()
                    out = {"resources": [{"uri": str(item.uri), "mime_type": item.mime_type} for item in listed.resources]}
                elif "read_resource" in step:
                    uri = resolve(step["read_resource"], results)
                    try:
                        read_back = await session.read_resource(uri)
                        out = {"uri": uri, "texts": [item.text for item in read_back.contents]}
                    except Exception as error:  # the server's error for an unknown resource
                        out = {"uri": uri, "error": str(error)}
                elif "poll" in step:
                    deadline = time.monotonic() + step.get("seconds", 60)
                    while True:
                        out = await call(session, step["poll"], resolve(step.get("arguments", {}), results))
                        status = (out["structured"] or {}).get("status")
                        if status == step["until_status"] or time.monotonic() > deadline:
                            break
                        await asyncio.sleep(0.5)
                else:
                    out = await call(session, step["tool"], resolve(step.get("arguments", {}), results))
                out.setdefault("structured", None)
                results.append(out)
                print(json.dumps(out), flush=True)


asyncio.run(main())
