package query

import "testing"

// TestUkraineTraps runs the shipped "Ukraine war" query on hand-written
// items, one per kind of story the dev set's guideline names: the recall
// traps (the war without the word "Ukraine") and the precision traps
// (passing mentions, other wars, sport, false friends). Unlike
// TestUkraineDevSet it needs no corpus.
func TestUkraineTraps(t *testing.T) {
	tests := []struct {
		name           string
		title, content string
		want           bool
	}{
		// On topic, though "Ukraine" is not in the headline.
		{"front-line town", "Fierce fighting for Bakhmut enters its sixth month", "Both sides have suffered heavy losses in the ruined town.", true},
		{"polish front line", "Ciężkie walki pod Bachmutem", "Rosyjskie wojska nacierają od północy.", true},
		{"wagner mutiny", "Prigozhin's fighters halt march on Moscow", "The Wagner chief said his men would return to their bases.", true},
		{"grain deal", "Russia pulls out of grain deal", "Moscow said it would no longer guarantee safe passage for ships in the Black Sea.", true},
		{"sanctions", "EU agrees ninth package of sanctions on Russia", "The measures target banks and drone makers.", true},
		{"company exit", "Carlsberg to exit Russia", "The brewer said it would sell its Russian business.", true},
		{"weapons", "Germany to send Leopard tanks", "Berlin also allowed allies to re-export the tanks.", true},
		{"himars", "How HIMARS changed the battlefield", "The rocket launchers have hit ammunition depots far behind the lines.", true},
		{"eastern flank", "US to station more troops in Poland", "The Pentagon said the deployment answers Moscow's aggression.", true},
		{"nuclear threat", "Putin warns the West of nuclear escalation", "The Russian president spoke at a security council meeting.", true},
		{"mobilisation", "Russians flee partial mobilisation", "Queues formed at the borders with Georgia and Kazakhstan as men sought to avoid the call-up.", true},
		{"athlete ban", "Russian and Belarusian athletes banned from Paralympics", "The IPC reversed its decision after teams threatened a boycott.", true},
		{"nord stream", "Nord Stream leaks: investigators find traces of explosives", "Swedish prosecutors confirmed sabotage.", true},
		{"refugees", "Poland's border towns welcome those fleeing the invasion", "Volunteers hand out food at the crossing at Medyka.", true},
		{"ukraine named in the lead", "Kalush Orchestra win Eurovision", "Ukraine's entry won the contest as war raged at home and its fighters defended the country.", true},
		{"cyrillic", "Зеленський закликав посилити санкції", "Президент України виступив перед парламентом.", true},
		{"kim putin summit", "Kim Jong Un arrives in Russia for summit with Putin", "The US has warned of arms deals.", true},
		{"front line by city only", "Russian forces close in on Chasiv Yar", "Ukrainian units pulled back from the canal district.", true},
		{"commander", "Zaluzhnyi: the fighting has reached a stalemate", "The commander-in-chief wrote an essay for The Economist.", true},
		{"recruitment", "Russia recruits convicts from prisons for the front", "Men are offered pardons after six months.", true},
		{"russian drones and missiles", "Shahed drones hit Odesa port overnight", "Air defence shot down most of them.", true},
		{"ukrainian transliterated", "Вибухи в Києві", "Сили ППО працювали всю ніч.", true},
		{"russian transliterated", "Взрывы в Херсоне", "Город снова обстреляли.", true},
		{"polish inflected place", "Nocny ostrzał Chersonia", "Zginęły dwie osoby.", true},
		{"deported children", "ICC investigates deported children", "Kyiv says thousands were taken to Russia.", true},
		{"special military operation", "Duma extends prison terms for discrediting the army", "The law punishes criticism of the special military operation.", true},

		// Off topic, though Russia, Ukraine or war is mentioned.
		{"passing mention", "Reinsurers raise prices", "War in Ukraine and rising costs of extreme weather have forced reinsurers to put up prices.", false},
		{"one cause of many", "Platinum set to surge", "Platinum prices will rise because of power cuts in South Africa, war in Ukraine and demand for hybrid cars.", false},
		{"gaza", "Israel steps up strikes on Gaza as ground invasion looms", "Hundreds of thousands have fled south.", false},
		{"wagner in africa", "Wagner mercenaries accused of killings in Mali", "Russian fighters and Malian troops raided a village.", false},
		{"tennis", "Medvedev beats Rublev in Miami", "The Russian reached his fifth final of the year.", false},
		{"football transfer", "Shakhtar Donetsk sign Brazilian winger", "The club paid a fee of 10 million euros.", false},
		{"nato enlargement", "Turkey approves Sweden's Nato bid", "Sweden applied to join the alliance after Russia invaded Ukraine.", false},
		{"detained journalist", "Gershkovich appeal rejected by Moscow court", "The reporter denies the espionage charges.", false},
		{"russian domestic", "Putin replaces Vologda governor", "The reshuffle comes ahead of elections.", false},
		{"false friend abrams", "Stacey Abrams launches new campaign", "The Georgia Democrat spoke in Atlanta.", false},
		{"false friend patriots", "Patriots beat the Jets", "New England's defense held firm in the fourth quarter.", false},
		{"false friend invasion", "D-Day: the invasion that changed the war", "Tourists flock to the Normandy beaches.", false},
		{"opec", "OPEC+ agrees to cut oil output", "Saudi Arabia and Russia led the decision.", false},
		{"graft", "Ukrainian authorities raid tycoon's home in graft probe", "Investigators searched the businessman's house.", false},
		{"briefing", "Your Friday Briefing: Bank fears resurface", "Also, Russia gears up for cyberattacks.", false},
	}
	q := loadUkraineQuery(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Prepare(&Doc{Title: tt.title, Content: tt.content})
			if got := q.Match(p); got != tt.want {
				t.Errorf("%q: Match = %v, want %v\n%s", tt.title, got, tt.want, q.Explain(p))
			}
		})
	}
}
