"""The fund-usage forecast (纳入定点后使用医疗保障基金的预测性分析报告; Harbin 七(二)2(6),
Weihai 六(一)3): annual fund use = expected visits × average cost per visit × fund share,
year by year with an optional growth rate, and a bar chart of it (Pillow). The chart's labels
are Chinese (第1年, 万元) in the first CJK font found (CI installs fonts-wqy-microhei); on a
machine without one they fall back to ASCII (Y1, 10k CNY) rather than print empty boxes."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Mapping

from generators.rendering import Image

WAN = 10_000  # amounts are printed in 万元
CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/System/Library/Fonts/PingFang.ttc",
             "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simsun.ttc")


def forecast_rows(forecast: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per year: visits, average cost, total cost and fund use (万元, 2 decimals)."""
    visits = float(forecast.get("annual_visits") or 0)
    cost = float(forecast.get("average_cost") or 0)
    share = float(forecast.get("fund_share") or 0)
    growth = float(forecast.get("growth_rate") or 0)
    rows = []
    for year in range(1, int(forecast.get("years") or 1) + 1):
        factor = (1 + growth) ** (year - 1)
        year_visits = round(visits * factor)
        total = year_visits * cost
        rows.append({"year": f"第{year}年", "visits": year_visits, "average_cost": f"{cost:.2f}",
                     "total_cost": f"{total / WAN:.2f}", "fund_use": f"{total * share / WAN:.2f}"})
    return rows


def forecast_context(forecast: Mapping[str, Any]) -> dict[str, Any]:
    rows = forecast_rows(forecast)
    total = sum(float(row["fund_use"]) for row in rows)
    return {
        "annual_visits": int(forecast.get("annual_visits") or 0),
        "average_cost": f"{float(forecast.get('average_cost') or 0):.2f}",
        "fund_share_text": f"{float(forecast.get('fund_share') or 0) * 100:.0f}%",
        "growth_text": f"{float(forecast.get('growth_rate') or 0) * 100:.0f}%",
        "years": len(rows),
        "rows": rows,
        "first_year_fund": rows[0]["fund_use"] if rows else "0.00",
        "total_fund": f"{total:.2f}",
    }


def forecast_chart(rows: list[Mapping[str, Any]], width: int = 1200, height: int = 600) -> Image:
    """A bar chart of fund use per year (PNG)."""
    from PIL import Image as PILImage, ImageDraw, ImageFont

    canvas = PILImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    cjk = next((path for path in CJK_FONTS if Path(path).is_file()), None)
    font = ImageFont.truetype(cjk, 28) if cjk else ImageFont.load_default(size=28)
    year_label, unit = ("第{n}年", "单位：万元") if cjk else ("Y{n}", "10k CNY")
    left, bottom, top = 120, height - 80, 60
    values = [float(row["fund_use"]) for row in rows] or [0.0]
    peak = max(values) or 1.0
    draw.line([(left, top), (left, bottom), (width - 40, bottom)], fill="black", width=3)
    slot = (width - 40 - left) / len(values)
    for index, value in enumerate(values):
        x0 = left + slot * index + slot * 0.2
        x1 = left + slot * (index + 1) - slot * 0.2
        y0 = bottom - (bottom - top) * value / peak
        draw.rectangle([x0, y0, x1, bottom], fill=(46, 117, 182))
        draw.text(((x0 + x1) / 2, y0 - 8), f"{value:.2f}", fill="black", font=font, anchor="mb")
        draw.text(((x0 + x1) / 2, bottom + 12), year_label.format(n=index + 1), fill="black", font=font,
                  anchor="mt")
    draw.text((20, 20), unit, fill="black", font=font)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image(buffer.getvalue(), width_mm=140)
