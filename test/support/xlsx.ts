import ExcelJS from "exceljs";

/** The first worksheet of an .xlsx file as rows of cell values (numbers stay numbers, empty cells null). */
export async function readXlsx(bytes: Uint8Array): Promise<(string | number | null)[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: (string | number | null)[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: (string | number | null)[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) {
      const v = row.getCell(i).value;
      cells.push(v === null || v === undefined ? null : typeof v === "number" ? v : String(v));
    }
    rows.push(cells);
  });
  return rows;
}
