"""The optional LLM: any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server ...).

The only module that imports llama-index's LLM classes. The LLM sees the retrieved passages
only, numbered, and must cite them by number; citations to no retrieved passage are flagged.
Nothing goes over the network unless the user configured an endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kb.errors import LlmError

SYSTEM = (
    "你是政策文件知识库的助手。只根据用户给出的编号原文段落回答问题，不使用段落以外的知识。"
    "每个论断后用方括号标注所依据段落的编号，如[1]。段落中没有答案时，回答“知识库中没有找到相关内容”。"
)
_CITED = re.compile(r"[\[【［](\d{1,3})[\]】］]")


@dataclass(frozen=True, slots=True)
class LlmConfig:
    base_url: str
    model: str
    api_key: str = "not-needed"
    timeout: float = 120.0


def prompt(question: str, passages: Sequence[tuple[str, str]]) -> str:
    """The user message: the question and the numbered passages (source line, text)."""
    blocks = [f"[{i}] {source}\n{text}" for i, (source, text) in enumerate(passages, 1)]
    return f"问题：{question}\n\n原文段落：\n\n" + "\n\n".join(blocks)


def complete(config: LlmConfig, question: str, passages: Sequence[tuple[str, str]]) -> str:
    """The LLM's answer to a question from the passages."""
    from llama_index.core.llms import ChatMessage
    from llama_index.llms.openai_like import OpenAILike

    llm = OpenAILike(
        model=config.model, api_base=config.base_url, api_key=config.api_key, is_chat_model=True,
        context_window=32768, max_tokens=1024, timeout=config.timeout, max_retries=0,
    )  # fmt: skip
    messages = [
        ChatMessage(role="system", content=SYSTEM),
        ChatMessage(role="user", content=prompt(question, passages)),
    ]
    try:
        reply = llm.chat(messages)
    except Exception as e:  # connection refused, HTTP errors, bad JSON: one clear line
        raise LlmError(
            f"the LLM at {config.base_url} did not answer ({type(e).__name__}: {str(e)[:200]}); "
            "check --llm-base-url and --llm-model, or leave them out for a quoted answer"
        ) from e
    return (reply.message.content or "").strip()


def cited(reply: str) -> list[int]:
    """Passage numbers a reply cites, in order of first citation."""
    return list(dict.fromkeys(int(n) for n in _CITED.findall(reply)))
