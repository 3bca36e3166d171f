import assert from "node:assert/strict";
import { foldVietnamese, searchTerms } from "../../src/platform/search/fold.ts";

describe("Vietnamese folding", () => {
  const words: [string, string][] = [
    ["Cà phê", "ca phe"],
    ["hồ tiêu", "ho tieu"],
    ["hạt điều", "hat dieu"],
    ["Đắk Đoa", "dak doa"],
    ["đường", "duong"],
    ["ĐƯỜNG", "duong"],
    ["sầu riêng", "sau rieng"],
    ["chanh dây", "chanh day"],
    ["mật ong", "mat ong"],
    ["thổ cẩm", "tho cam"],
    ["Chư Sê", "chu se"],
    ["bơ", "bo"],
    ["gạo", "gao"],
    ["chè", "che"],
    ["nông sản", "nong san"],
    ["hợp tác xã", "hop tac xa"],
    ["ngũ cốc", "ngu coc"],
    ["mỹ nghệ", "my nghe"],
    ["lụa", "lua"],
    ["quýt", "quyt"],
    ["ớt", "ot"],
    ["nước mắm", "nuoc mam"],
    ["tiểu thủ công", "tieu thu cong"],
    ["rượu cần", "ruou can"],
    ["xuất khẩu", "xuat khau"],
    ["nhập khẩu", "nhap khau"],
    ["Hoài Nhơn", "hoai nhon"],
    ["thủy sản", "thuy san"],
    ["kỹ thuật", "ky thuat"],
    ["ỷ lại", "y lai"],
    ["gỗ", "go"],
    ["mây tre đan", "may tre dan"],
    ["lúa nếp", "lua nep"],
    ["Ia Grai", "ia grai"],
  ];

  for (const [word, folded] of words) {
    it(`when "${word}" is folded, then it reads "${folded}"`, () => {
      assert.equal(foldVietnamese(word), folded);
    });
  }

  it("when every vowel carries every tone, in either case, then each folds to its bare letter", () => {
    const table: Record<string, string> = {
      a: "aàáảãạăằắẳẵặâầấẩẫậ",
      e: "eèéẻẽẹêềếểễệ",
      i: "iìíỉĩị",
      o: "oòóỏõọôồốổỗộơờớởỡợ",
      u: "uùúủũụưừứửữự",
      y: "yỳýỷỹỵ",
      d: "dđ",
    };
    for (const [bare, variants] of Object.entries(table)) {
      for (const letter of [...variants, ...variants.toUpperCase()]) {
        assert.equal(foldVietnamese(letter), bare, `${letter} should fold to ${bare}`);
      }
    }
  });

  it("when the input is decomposed (NFD) rather than composed (NFC), then the result is the same", () => {
    const composed = "Cà phê Đắk Đoa";
    assert.equal(foldVietnamese(composed.normalize("NFD")), foldVietnamese(composed));
  });

  it("when text is split into terms, then punctuation goes and digits stay", () => {
    assert.deepEqual(searchTerms("Cà phê Robusta, loại 1 (500g)!"), ["ca", "phe", "robusta", "loai", "1", "500g"]);
  });
});
