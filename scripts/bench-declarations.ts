/**
 * npm run bench:declarations [-- --lines 5000 --runs 5]
 * The validation throughput of a declaration upload on this machine: a 5,000-line file (CSV with
 * semicolons and Vietnamese number formats, and the same lines as XLSX), 5 % of its lines bad, read
 * and checked whole as the upload page does it (read the rows, map the headings, check every field
 * of every line, place each problem at its row and column). Nothing is written: the upload writes
 * only a clean file. Printed: lines/second (median of the runs) and the problems found.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import { checkInput } from "../src/declarations/declaration-checks.ts";
import { LINE_FIELDS } from "../src/declarations/declaration.fields.ts";
import { previousMonthKey, vietnamToday } from "../src/declarations/declaration.period.ts";
import { columnHeading, type Translate } from "../src/declarations/declaration-upload.columns.ts";
import { placeProblems, readDeclarationSheet } from "../src/declarations/declaration-upload.reader.ts";
import { createI18n } from "../src/platform/i18n/i18n.ts";
import { CSV_BOM, csvField } from "../src/platform/spreadsheets/csv.ts";

const { values } = parseArgs({ options: { lines: { type: "string", default: "5000" }, runs: { type: "string", default: "5" } } });
const lineCount = Number(values.lines);
const runs = Number(values.runs);

const i18n = await createI18n();
const translate: Translate = (language, key, params) => i18n.getFixedT(language)(key, params);

const lastMonth = previousMonthKey(vietnamToday());
const period = { key: lastMonth, day: (day: number) => `${lastMonth}-${String(day).padStart(2, "0")}` };

/** A line of coffee, pepper or rubber; every 20th line has a bad HS chapter or a bad customs number. */
function line(index: number): Record<string, string> {
  const goods = [
    ["0901.11.10", "Cà phê Robusta nhân xô, chưa rang", "kg"],
    ["0904.11.20", "Hạt tiêu đen đã phơi khô", "kg"],
    ["4001.22.10", "Cao su tự nhiên SVR 10", "tấn"],
  ][index % 3]!;
  const bad = index % 20 === 19;
  return {
    hsCode: bad && index % 40 === 39 ? "7701.00.00" : goods[0]!,
    description: goods[1]!,
    partnerCountry: ["JP", "DE", "US", "CN", "KR"][index % 5]!,
    quantity: "19.200,5",
    unit: goods[2]!,
    valueAmount: "46.080,00",
    currency: "USD",
    valueUsd: "",
    incoterm: "FOB",
    customsNumber: bad && index % 40 !== 39 ? "30510000" : String(305_100_000_000 + index),
    customsDate: `${String(1 + (index % 28)).padStart(2, "0")}/${period.key.slice(5)}/${period.key.slice(0, 4)}`,
    borderGate: "Chi cục Hải quan cửa khẩu cảng Quy Nhơn",
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-declarations-"));
const headings = LINE_FIELDS.map((field) => columnHeading(translate, "vi", field));
const lines = Array.from({ length: lineCount }, (_, index) => line(index));

const csvPath = path.join(dir, "to-khai.csv");
const csv = [headings, ...lines.map((cells) => LINE_FIELDS.map((field) => cells[field]!))].map((cells) => cells.map(csvField).join(";"));
fs.writeFileSync(csvPath, `${CSV_BOM}${csv.join("\r\n")}\r\n`);

const xlsxPath = path.join(dir, "to-khai.xlsx");
const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxPath, useStyles: false, useSharedStrings: false });
const sheet = workbook.addWorksheet("Dòng hàng");
sheet.addRow(headings).commit();
for (const cells of lines) sheet.addRow(LINE_FIELDS.map((field) => cells[field]!)).commit();
sheet.commit();
await workbook.commit();

/** The upload's whole check of one file, as the route runs it (without the nomenclature's heading lookup). */
async function validate(file: string) {
  const read = await readDeclarationSheet(file, translate);
  const input = { period: period.key, direction: "export", contact: { name: "Nguyễn Thị Hồng Nhung", phone: "0269 3824 567", email: "xnk@caphedakdoa.vn" }, lines: read.lines };
  const checked = await checkInput(input, { today: vietnamToday(), headings: async () => null });
  return placeProblems(checked.errors, read, translate);
}

console.log(`file: ${lineCount.toLocaleString("en-US")} lines, 5 % bad; CSV ${(fs.statSync(csvPath).size / 1024).toFixed(0)} KiB, XLSX ${(fs.statSync(xlsxPath).size / 1024).toFixed(0)} KiB; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);
/** The median time of `runs` calls, after one warm-up call (module loading, JIT). */
async function median(task: () => Promise<unknown>): Promise<number> {
  await task();
  const seconds: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    await task();
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return seconds.sort((a, b) => a - b)[Math.floor(seconds.length / 2)]!;
}

const perSecond = (seconds: number) => (lineCount / seconds).toLocaleString("en-US", { maximumFractionDigits: 0 });
for (const [kind, file] of [["CSV (semicolons)", csvPath], ["XLSX", xlsxPath]] as const) {
  // Baseline, same run: only reading the file's rows (what any upload costs before a single check).
  const reading = await median(() => readDeclarationSheet(file, translate));
  const checking = await median(() => validate(file));
  const problems = (await validate(file)).cells.length;
  console.log(
    `${kind.padEnd(17)} ${lineCount.toLocaleString("en-US")} lines: read only ${perSecond(reading)} lines/s (${(reading * 1000).toFixed(0)} ms); ` +
      `read + whole check ${perSecond(checking)} lines/s (${(checking * 1000).toFixed(0)} ms; ${problems} problems placed); ` +
      `ratio check/read ${(checking / reading).toFixed(2)}× (median of ${runs})`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
