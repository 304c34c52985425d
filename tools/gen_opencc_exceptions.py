"""Regenerate kb/data/opencc_tw_exceptions.txt from OpenCC's TWPhrasesRev dictionary.

kb.normalize maps Taiwan/Hong Kong vocabulary to mainland terms with OpenCC's `tw2sp` chain,
plus a first dictionary of our own (this file's output) that OpenCC consults before
TWPhrasesRev. It holds
  * exceptions: words `tw2sp` would damage in ordinary mainland text (執行 -> 运行,
    資料 -> 数据, 智慧城市 -> 智能城市, 數位專家 -> 数字专家 ...), mapped to themselves;
  * the longer TWPhrasesRev entries that start with an exception (資料庫 -> 數據庫), because
    OpenCC stops at the first dictionary with a match;
  * a few machine-conversion terms TWPhrasesRev lacks (套用 -> 應用, 高品質 -> 高質量).

Run: python tools/gen_opencc_exceptions.py  (needs the opencc package's opencc_dict tool)
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import opencc

# Mainland words that TWPhrasesRev rewrites into other mainland words.
EXCEPTIONS = """
執行 資料 程序 文件 建立 核心 新增 指標 序列 類比 檔案 行程 整合 效能 設定 元件 影像 通道
即時 社群 宣告 傳送 連結 連線 裝置 複製 查詢 模擬 取樣 向量 批次 訊息 通訊 互動 預設 存取
物件 介面 專案 儲存 呼叫 停用 啟用 回撥 映象 範式 訪問 對象 實例 區域性 行動 離線 線上
智慧城市 智慧交通 智慧園區 智慧社區 智慧農業 智慧政務 智慧醫療 智慧教育 智慧物流 智慧能源
智慧旅遊 智慧養老 智慧校園 智慧水利 智慧海洋 智慧法院 智慧警務 智慧城管 智慧工地 智慧家庭
智慧財政 智慧監管 智慧應急 智慧電網 智慧港口 智慧礦山 智慧文旅 智慧健康 智慧生活
數位專家 數位學者 數位代表 數位委員 數位老師 數位同志 數位領導 數位院士 數位企業家 數位嘉賓
數位同學 數位成員 數位員工 數位工作人員 數位負責人
""".split()

# Machine-conversion vocabulary (mainland -> Taiwan) that TWPhrasesRev does not undo.
SUPPLEMENT = {
    "套用": "應用",
    "高品質": "高質量",
    "軟硬體": "軟硬件",
    "數位化": "數字化",
    "數位經濟": "數字經濟",
    "數位轉型": "數字轉型",
}


def main() -> None:
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "rev.txt")
        subprocess.run(
            [str(tool), "-i", str(share / "TWPhrasesRev.ocd2"), "-o", out, "-f", "ocd2", "-t", "text"],
            check=True,
        )
        rev = dict(line.rstrip("\n").split("\t", 1) for line in open(out, encoding="utf-8"))
    entries: dict[str, str] = {word: word for word in EXCEPTIONS}
    for key, value in rev.items():
        if key not in entries and any(key.startswith(word) for word in EXCEPTIONS):
            entries[key] = value.split(" ")[0]
    entries.update(SUPPLEMENT)
    target = Path(__file__).resolve().parent.parent / "kb" / "data" / "opencc_tw_exceptions.txt"
    with open(target, "w", encoding="utf-8") as f:
        for key in sorted(entries):
            f.write(f"{key}\t{entries[key]}\n")
    print(f"{len(entries)} entries -> {target}")


if __name__ == "__main__":
    main()
