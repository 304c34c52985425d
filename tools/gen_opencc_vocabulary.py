"""Regenerate kb/data/opencc_vocabulary.txt: tw2sp's Taiwan phrase table, in simplified script.

kb.normalize maps Taiwan/Hong Kong vocabulary to mainland terms for matching. The table is
OpenCC's `tw2sp` phrase dictionary (TWPhrasesRev: 資訊 -> 信息, 智慧財產權 -> 知識產權 ...) with
both sides converted to simplified characters (`t2s`), so that one OpenCC pass over text
already in simplified characters maps the vocabulary whatever script it was typed in:
智慧財產權 and 智慧财产权 both become 知识产权. Then:

  * exceptions: entries that damage ordinary mainland text are left out (執行 -> 运行,
    資料 -> 数据, 數位 -> 数字 for "several" ...), and phrases that must stay as they are
    (智慧城市 under 智慧 -> 智能) map to themselves, which wins by longest match;
  * a few machine-conversion terms TWPhrasesRev lacks are added (套用 -> 应用, 高品質 -> 高质量);
  * full-width ASCII folds to ASCII (ＡＢＣ１２３ -> ABC123), in the same pass.

Run: python tools/gen_opencc_vocabulary.py  (needs the opencc package's opencc_dict tool)
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import opencc

# Mainland words that TWPhrasesRev rewrites into other mainland words: left out.
DROPPED = """
執行 資料 程序 文件 建立 核心 新增 指標 序列 類比 檔案 行程 整合 效能 設定 元件 影像 通道
即時 社群 宣告 傳送 連結 連線 裝置 複製 查詢 模擬 取樣 向量 批次 訊息 通訊 互動 預設 存取
物件 介面 專案 儲存 呼叫 停用 啟用 回撥 映象 範式 訪問 對象 實例 區域性 行動 離線 線上
""".split()

# Phrases containing a mapped word that must stay as written (智慧 -> 智能 elsewhere).
KEPT = """
智慧城市 智慧交通 智慧園區 智慧社區 智慧農業 智慧政務 智慧醫療 智慧教育 智慧物流 智慧能源
智慧旅遊 智慧養老 智慧校園 智慧水利 智慧海洋 智慧法院 智慧警務 智慧城管 智慧工地 智慧家庭
智慧財政 智慧監管 智慧應急 智慧電網 智慧港口 智慧礦山 智慧文旅 智慧健康 智慧生活
數位專家 數位學者 數位代表 數位委員 數位老師 數位同志 數位領導 數位院士 數位企業家 數位嘉賓
數位同學 數位成員 數位員工 數位工作人員 數位負責人
對口支援
""".split()

# Machine-conversion vocabulary (mainland -> Taiwan) that TWPhrasesRev does not undo.
ADDED = {
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
    table = {key: value.split(" ")[0] for key, value in rev.items() if key not in DROPPED}
    table |= {word: word for word in KEPT} | ADDED
    t2s = opencc.OpenCC("t2s")
    simplified: dict[str, str] = {}
    for key in sorted(table):
        s_key, s_value = t2s.convert(key), t2s.convert(table[key])
        if s_key != s_value or key in KEPT:
            simplified.setdefault(s_key, s_value)
    # Width folding rides along in the same pass: full-width ASCII and the ideographic space.
    simplified |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
    target = Path(__file__).resolve().parent.parent / "kb" / "data" / "opencc_vocabulary.txt"
    with open(target, "w", encoding="utf-8") as f:
        for key in sorted(simplified):
            f.write(f"{key}\t{simplified[key]}\n")
    print(f"{len(simplified)} entries -> {target}")


if __name__ == "__main__":
    main()
