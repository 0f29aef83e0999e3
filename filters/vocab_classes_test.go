package filters_test

import (
	"testing"

	"github.com/tipwire/tipwire"
)

// TestDefaultTopicExploitationClasses checks the classes of exploitation
// reports describe without naming trafficking (fishermen held captive by
// their boats' owners, exploited farm workers, people held in scam dens),
// each with its false friends: the same words about pirates' hostages,
// prisoners, groundwater, or a fraud without captives.
func TestDefaultTopicExploitationClasses(t *testing.T) {
	set := compileDefault(t)
	tests := []struct {
		title, summary string
		want           bool
	}{
		// Fishermen held captive by those they fish for.
		{"Dozens of fishermen freed after years held captive on trawlers", "Officials said the men, from Cambodia and Laos, were beaten and never paid.", true},
		{"Fishermen rescued from captivity on a remote island, navy says", "", true},
		{"Fishermen held captive by Somali pirates released after ransom paid", "", false},
		{"Indian fishermen in Pakistani custody for two years return home", "They had been held captive in Karachi jail after straying across the maritime border.", false},
		{"Fishermen's co-op reports record catch", "Trawlers landed more fish this year than any since 1990.", false},
		// Farm workers exploited; gangmasters.
		{"Inspectors find exploited fruit pickers living in shipping containers", "Workers said they were paid a fraction of the minimum wage.", true},
		{"Gangmaster jailed for housing pickers in caravans and taking their wages", "", true},
		{"Temporeros explotados en los campos de Huelva, denuncia un sindicato", "", true},
		{"Farm workers' union warns of exploitation of groundwater by bottling plant", "", false},
		{"Los temporeros de la explotación agrícola comienzan la campaña de la fresa", "", false},
		{"Les ouvriers agricoles de l'exploitation fêtent la fin des vendanges", "", false},
		{"Seasonal workers arrive early as strawberry harvest begins", "", false},
		{"Trabalhadores agrícolas explorados em Odemira, denuncia inspeção", "", true},
		{"Trabalhadores rurais protestam contra a exploração de petróleo na região", "", false},
		{"Des saisonniers exploités dans les vignes de Champagne", "", true},
		{"Les saisonniers arrivent pour les vendanges en Champagne", "", false},
		{"Εκμετάλλευση εργατών γης στη Μανωλάδα", "", true},
		{"Εργάτες γης ζητούν αυξήσεις", "", false},
		{"Puluhan ABK asal Myanmar disekap di kapal ikan", "", true},
		{"Nelayan tradisional keluhkan harga solar", "", false},
		{"ลูกเรือประมงถูกกักขังบนเรือนานหลายปี", "", true},
		{"ลูกเรือประมงกลับเข้าฝั่งหลังพายุ", "", false},
		// Scam compounds: lured abroad, held, forced to defraud.
		{"Giải cứu 20 người bị lừa bán sang Campuchia", "Công an tỉnh Tây Ninh đã đưa 20 người về nước.", true},
		{"Nhiều người bị giam giữ, bị ép lừa đảo qua mạng tại Myanmar", "", true},
		{"Cảnh giác chiêu lừa đảo qua mạng mạo danh ngân hàng", "Một phụ nữ bị lừa mất 200 triệu đồng.", false},
		{"Puluhan WNI disekap dan dipaksa bekerja untuk penipuan online di Kamboja", "", true},
		{"Polisi tangkap pelaku penipuan online yang menipu ratusan korban", "", false},
		{"หญิงไทยถูกหลอกไปทำงานในเมียวดี", "ตำรวจช่วยเหลือกลับประเทศ", true},
		{"ตำรวจจับแก๊งคอลเซ็นเตอร์หลอกโอนเงิน", "ผู้เสียหายถูกหลอกให้โอนเงินกว่าหนึ่งล้านบาท", false},
		// Scam dens where people are held, in Chinese.
		{"男子被骗入缅甸诈骗窝点 被迫从事电信诈骗", "警方介绍,他被囚禁三个月后获救。", true},
		{"警方捣毁一诈骗窝点 抓获犯罪嫌疑人12名", "该团伙通过网络冒充客服诈骗群众钱财。", false},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			v := set.Evaluate(tipwire.Item{Title: tt.title, Summary: tt.summary})[0]
			if v.Matched != tt.want {
				t.Errorf("matched = %v (%s), want %v", v.Matched, v.Reason, tt.want)
			}
		})
	}
}
