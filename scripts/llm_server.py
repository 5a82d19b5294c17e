"""llama.cpp's OpenAI-compatible server with Gemma 3's own chat template.

The GGUF of Gemma 3 270M carries no chat template, and llama-cpp-python's built-in "gemma" format
drops system messages (Gemma has no system turn). Gemma 3's published template puts the system
message at the top of the first user turn; this registers that template as the chat format
"gemma3", so callsift's instructions reach the model as the model's makers intended, then runs the
server with the command line it was given (scripts/llm-server.sh).
"""
import sys

from llama_cpp import llama_chat_format
from llama_cpp.server.__main__ import main

# Gemma 3's chat template (tokenizer_config.json of google/gemma-3-270m-it), text-only.
GEMMA3_TEMPLATE = """{{ bos_token }}
{%- if messages[0]['role'] == 'system' -%}
    {%- set first_user_prefix = messages[0]['content'] + '\n\n' -%}
    {%- set loop_messages = messages[1:] -%}
{%- else -%}
    {%- set first_user_prefix = "" -%}
    {%- set loop_messages = messages -%}
{%- endif -%}
{%- for message in loop_messages -%}
    {%- set role = "model" if message['role'] == 'assistant' else message['role'] -%}
    {{ '<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else "") }}
    {{- message['content'] | trim }}
    {{- '<end_of_turn>\n' }}
{%- endfor -%}
{%- if add_generation_prompt -%}
    {{ '<start_of_turn>model\n' }}
{%- endif -%}"""

llama_chat_format.register_chat_format("gemma3")(
    llama_chat_format.Jinja2ChatFormatter(
        template=GEMMA3_TEMPLATE, eos_token="<end_of_turn>", bos_token="<bos>", stop_token_ids=None
    )
)

if __name__ == "__main__":
    sys.exit(main())
