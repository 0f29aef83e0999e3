package cluster

import (
	"testing"
)

// TestCompareLookalikes holds reports that share a place, a case or a
// count with another event in the same week: the follow-up of a case, the
// same agency's next operation, the topic's nouns in a language that
// capitalises them.
func TestCompareLookalikes(t *testing.T) {
	tests := []struct {
		name     string
		a, b     dated
		same     bool
		conflict string // for apart: the start of Conflict
	}{
		{"the indictment is not the arrest",
			dated{"Federal agents arrest Ohio farm owner accused of forced labor", "Agents arrested Caleb Winter, who runs an egg farm near Lorain, on allegations he forced 16 Guatemalan workers to work without pay.", "2025-03-03"},
			dated{"Grand jury indicts Ohio farm owner Caleb Winter on forced labor charges", "A federal grand jury returned an indictment against Caleb Winter of Lorain, accusing him of forcing 16 Guatemalan workers to labor on his egg farm.", "2025-03-08"},
			false, "phase charge"},
		{"the seizure of cars is not the raid",
			dated{"La Guardia Civil libera a 15 mujeres en clubes de Almería", "Agentes de la Guardia Civil han liberado a 15 mujeres obligadas a prostituirse en dos clubes de Almería y El Ejido y han detenido a seis personas.", "2025-05-05"},
			dated{"La Guardia Civil incauta nueve coches a la red de trata de Almería", "La Guardia Civil ha intervenido nueve vehículos y bloqueado cuentas de la red que explotaba a mujeres en clubes de Almería y El Ejido.", "2025-05-09"},
			false, "phase seizure"},
		{"children handed to their families are not the rescue",
			dated{"Korhogo : 23 enfants libérés d'un site d'orpaillage", "La gendarmerie a libéré 23 enfants qui travaillaient sur un site d'orpaillage clandestin près de Korhogo et interpellé trois personnes.", "2025-06-02"},
			dated{"Korhogo : les 23 enfants remis à leurs familles", "Les 23 enfants libérés la semaine dernière d'un site d'orpaillage près de Korhogo ont été remis à leurs familles vendredi.", "2025-06-07"},
			false, "phase return"},
		{"the announcement is not the release",
			dated{"Walk Free to release Global Slavery Index 2026 on Monday", "The rights group Walk Free said its Global Slavery Index 2026 will be published on Monday in London.", "2026-05-08"},
			dated{"Global Slavery Index 2026 finds 50 million people in modern slavery", "Walk Free's Global Slavery Index 2026, published on Monday, estimates that 50 million people live in modern slavery.", "2026-05-11"},
			false, "phase upcoming"},
		{"headlines lead with other small counts",
			dated{"Six boys rescued at Raxaul border, agent held", "The Sashastra Seema Bal at the Raxaul border near Birgunj rescued six boys being taken to Mumbai and arrested an agent.", ""},
			dated{"Three girls rescued at Raxaul border", "The Sashastra Seema Bal at the Raxaul border near Birgunj rescued three girls who were being taken to Delhi.", ""},
			false, "6/3"},
		{"one small count, written in words and in digits",
			dated{"Four men jailed in Leeds for exploiting Slovak workers", "Four men were jailed at Leeds Crown Court for forcing Slovak workers to work in car washes in Bradford and Huddersfield.", "2025-07-01"},
			dated{"Leeds court jails 4 over forced labour of Slovak workers", "A judge at Leeds Crown Court jailed four members of a gang that made Slovak men work in car washes in Bradford and Huddersfield.", "2025-07-01"},
			true, ""},
		{"German nouns are not names",
			dated{"Razzia gegen Menschenhändler: Polizei befreit Frauen", "Die Ermittler haben bei einer Razzia in Leipzig 9 Frauen aus Vietnam befreit. Die Frauen mussten in Nagelstudios arbeiten.", "2025-09-02"},
			dated{"Menschenhandel: Razzia in Bordellen, Frauen befreit", "Die Polizei hat bei einer Razzia in Dresden Frauen aus Thailand befreit. Die Frauen wurden zur Prostitution gezwungen.", "2025-09-04"},
			false, ""},
		{"one police force, two cities",
			dated{"La Policía Nacional libera a 20 mujeres víctimas de trata", "Agentes de la Policía Nacional han liberado a 20 mujeres explotadas sexualmente en pisos de Sevilla.", "2025-10-01"},
			dated{"La Policía Nacional desarticula una red de trata de mujeres", "Agentes de la Policía Nacional han detenido en Málaga a ocho personas de una red que explotaba a mujeres.", "2025-10-02"},
			false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comparePair(t, tt.a.doc(t), tt.b.doc(t), tt.same, tt.conflict)
		})
	}
}
