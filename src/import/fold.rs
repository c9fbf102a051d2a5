//! Folding text for matching: traditional to simplified characters,
//! full-width to ASCII, spaces dropped. Output keeps, for every folded
//! character, where it came from, so a match can be cut verbatim out of the
//! original ("12 月底前" keeps its space).

/// Traditional forms seen in government documents, paired with their
/// simplified form. Matching only: the imported text keeps what was printed.
const TRADITIONAL: &str = "\
東东區区門门單单責责牽牵頭头務务稅税審审監监會会辦办機机構构財财衛卫發发\
資资規规劃划設设環环態态農农業业場场質质華华國国際际經经濟济貿贸關关於于\
實实項项計计標标準准體体統统網网絡络電电氣气熱热應应運运輸输義义醫医療疗\
險险們们個个間间時时長长開开號号對对點点達达進进過过還还這这樣样與与為为\
無无從从後后來来書书證证條条員员導导動动勞劳總总數数據据創创優优營营訊讯\
詢询認认記记許许論论譯译議议讓让請请調调談谈費费貸贷購购賣卖買买產产廣广\
廳厅縣县鄉乡鎮镇處处線线級级納纳紙纸結结給给維维約约紅红組组織织細细終终\
縮缩績绩續续綜综緊紧練练聯联職职聲声負负貨货車车軍军轉转輔辅邊边遞递郵邮\
針针鐵铁銀银錢钱錄录鏈链閉闭陽阳隊队階阶隨随雙双離离難难靈灵順顺預预領领\
頻频題题額额風风飛飞館馆驗验黨党齊齐萬万專专兩两嚴严豐丰臨临舉举樂乐習习\
亂乱爭争雲云亞亚親亲億亿僅仅儀仪價价眾众夥伙傳传傷伤偽伪餘余債债傾倾償偿\
儲储兒儿兌兑蘭兰興兴養养內内冊册寫写沖冲決决況况凍冻淨净減减幾几憑凭擊击\
劉刘則则剛刚別别劇剧勸劝勵励勢势匯汇協协卻却廠厂壓压參参變变敘叙葉叶啟启\
問问團团園园圍围圖图圓圆聖圣壞坏塊块堅坚壇坛壩坝壯壮壽寿夠够夢梦夾夹奪夺\
奮奋獎奖婦妇孫孙學学寧宁寶宝憲宪寬宽賓宾尋寻將将爾尔塵尘嘗尝屆届層层屬属\
島岛嶺岭崗岗帥帅師师帳账帶带幫帮幣币幹干並并莊庄慶庆廢废異异棄弃張张強强\
歸归當当徑径復复徵征憶忆懷怀懇恳惡恶愛爱懲惩戰战戶户執执擴扩掃扫揚扬擾扰\
撫抚搶抢護护報报擔担擬拟擁拥攔拦撥拨擇择掛挂擋挡擠挤損损換换攜携搖摇攝摄\
擺摆攤摊撐撑攬揽斷断晉晋暢畅暫暂術术殺杀雜杂權权楊杨極极櫃柜檢检樓楼欄栏\
樹树橋桥歡欢殘残毀毁漢汉溝沟沒没溫温測测滿满濱滨濃浓濕湿漲涨灣湾滅灭燈灯\
災灾爐炉煉炼煙烟燒烧獨独獄狱獲获現现畢毕畫画盡尽盤盘礦矿碼码磚砖礎础確确\
礙碍禮礼禍祸種种積积稱称穩稳窮穷競竞筆笔築筑簽签範范籌筹簡简類类糧粮糾纠\
紀纪純纯紛纷絕绝綱纲綠绿緒绪編编緣缘縱纵繩绳繳缴罰罚羅罗聞闻聽听脈脉脫脱\
腦脑臟脏艱艰藝艺節节蘇苏藥药虛虚蟲虫補补製制襲袭視视覽览覺觉觀观訂订討讨\
訓训講讲訪访評评識识詞词試试詳详話话該该誠诚誤误說说讀读課课諾诺謀谋謹谨\
譽誉貢贡敗败貧贫貫贯賀贺賞赏賠赔賴赖贊赞贈赠趕赶躍跃蹤踪軌轨軟软輕轻載载\
較较輛辆轄辖辭辞遠远違违連连選选遺遗鄭郑釋释鑒鉴鋼钢錯错鍵键鐘钟鎖锁閱阅\
陳陈陸陆陰阴隱隐靜静頁页頂顶須须頒颁頓顿顏颜願愿顧顾顯显馬马駐驻騰腾鬧闹\
魯鲁鹽盐黃黄務务傭佣倉仓俠侠債债燦灿陣阵廈厦潔洁濾滤奧奥頸颈緩缓緝缉\
範范彙汇鑑鉴註注週周佈布鬆松羣群裡里著着";

/// The simplified form of `c` when `c` is a traditional form in the table.
pub fn simplify(c: char) -> char {
    // Traditional forms are all CJK ideographs; skip the lookup for the rest.
    if (c as u32) < 0x4E00 {
        return c;
    }
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let chars: Vec<char> = TRADITIONAL.chars().filter(|c| !c.is_whitespace()).collect();
        let mut t: Vec<(char, char)> = chars.chunks(2).map(|p| (p[0], p[1])).collect();
        t.sort_unstable();
        t.dedup_by_key(|p| p.0);
        t
    });
    table
        .binary_search_by_key(&c, |p| p.0)
        .map_or(c, |i| table[i].1)
}

/// Folds one character for matching; `None` for whitespace, which matching ignores.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_whitespace() || c == '\u{3000}' {
        return None;
    }
    let c = match c {
        // Full-width ASCII block: （）：；，．［］ and digits among them.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '〔' | '【' => '[',
        '〕' | '】' => ']',
        '—' | '–' => '-',
        _ => c,
    };
    Some(simplify(c))
}

/// Folds a whole string (no position map).
pub fn fold(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

/// A folded copy of a text with the original position of each folded character.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub orig: Vec<char>,
    pub chars: Vec<char>,
    /// `pos[i]` is the index in `orig` of `chars[i]`.
    pub pos: Vec<usize>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let orig: Vec<char> = s.chars().collect();
        let mut chars = Vec::with_capacity(orig.len());
        let mut pos = Vec::with_capacity(orig.len());
        for (i, c) in orig.iter().enumerate() {
            if let Some(f) = fold_char(*c) {
                chars.push(f);
                pos.push(i);
            }
        }
        Folded { orig, chars, pos }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The original text from folded index `start` to `end` (exclusive), inner spaces kept.
    pub fn original(&self, start: usize, end: usize) -> String {
        if start >= end || end > self.pos.len() {
            return String::new();
        }
        self.orig[self.pos[start]..=self.pos[end - 1]]
            .iter()
            .collect()
    }

    /// Whether the folded text at `i` starts with `pat` (already folded).
    pub fn at(&self, i: usize, pat: &str) -> bool {
        (i..)
            .zip(pat.chars())
            .all(|(k, p)| self.chars.get(k) == Some(&p))
    }

    /// The first of `pats` found at `i`, longest first as listed.
    pub fn any_at<'a>(&self, i: usize, pats: &[&'a str]) -> Option<&'a str> {
        pats.iter().copied().find(|p| self.at(i, p))
    }

    /// Whether the folded text ending just before `i` ends with `pat`.
    pub fn before(&self, i: usize, pat: &str) -> bool {
        let n = pat.chars().count();
        i >= n && self.at(i - n, pat)
    }

    pub fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_pairs_are_distinct_and_even() {
        let chars: Vec<char> = TRADITIONAL.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(chars.len() % 2, 0);
        for p in chars.chunks(2) {
            assert_ne!(p[0], p[1], "{}{} maps to itself", p[0], p[1]);
        }
    }

    #[test]
    fn folds_traditional_full_width_and_spaces() {
        assert_eq!(fold("牽頭部門：區稅務局"), "牵头部门:区税务局");
        assert_eq!(fold("１２ 月底前"), "12月底前");
        assert_eq!(fold("〔責任單位，各鎮〕"), "[责任单位,各镇]");
    }

    #[test]
    fn original_keeps_inner_spaces() {
        let f = Folded::new("于 12 月底前完成");
        let start = f.chars.iter().position(|c| *c == '1').unwrap();
        assert_eq!(f.original(start, start + 5), "12 月底前");
        assert!(f.at(start, "12月底前"));
        assert!(f.before(start, "于"));
    }
}
