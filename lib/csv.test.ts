import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["plain", 'say "hi", then go'],
          ["=HYPERLINK(1)", "line\nbreak"],
          ["-1", "@x"],
        ],
      ),
    ).toBe('\uFEFFa,b\r\nplain,"say ""hi"", then go"\r\n\'=HYPERLINK(1),"line\nbreak"\r\n\'-1,\'@x\r\n');
  });
});
